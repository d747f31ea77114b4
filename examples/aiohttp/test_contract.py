"""The state and rules of contract.py: python3 -m unittest, in this folder."""
import asyncio
import unittest

import contract
from contract import Invalid


class RulesTest(unittest.TestCase):

    def test_ping_in_whitespace_is_pong_and_anything_else_empty(self):
        self.assertEqual(contract.hello_answer(" \t\r\n\v\fping\n"), "pong")
        self.assertEqual(contract.hello_answer("Ping"), "")

    def test_names_and_bodies(self):
        contract.require_name("a" * 80)
        for bad in ("a" * 81, "a.b", ""):
            self.assertRaises(Invalid, contract.require_name, bad)
        self.assertEqual(contract.utf8("\ufeffé".encode(), 5), "\ufeffé")
        with self.assertRaises(Invalid) as refused:
            contract.utf8(b"\xc3", 5)
        self.assertEqual(refused.exception.status, 400)
        with self.assertRaises(Invalid) as refused:
            contract.utf8(bytes(6), 5)
        self.assertEqual(refused.exception.status, 413)

    def test_one_of_each_name(self):
        by_name = contract.ByName(dict)
        self.assertIs(by_name.named("Orders"), by_name.named("Orders"))
        self.assertIsNot(by_name.named("Orders"), by_name.named("orders"))
        self.assertRaises(Invalid, by_name.named, "a/b")

    def test_wait_bounds_and_receive_parameters(self):
        self.assertEqual(contract.Jobs.bound(None), contract.MAX_HOLD)
        self.assertEqual(contract.Jobs.bound("3"), 3)
        self.assertEqual(contract.Jobs.bound("9999"), contract.MAX_HOLD)
        for bad in ("", "abc", "-1", "1.5", "1e2", "١"):
            self.assertRaises(Invalid, contract.Jobs.bound, bad)
        self.assertEqual(contract.receive_parameters({}), (1, 30_000, 0))
        for bad in ({"max": "0"}, {"max": "11"}, {"visibilityMs": "-1"}, {"waitMs": "20001"}):
            self.assertRaises(Invalid, contract.receive_parameters, bad)

    def test_answers(self):
        self.assertEqual(contract.answer('{"type": "ping", "id": [7]}'), {"type": "pong", "id": [7]})
        self.assertEqual(contract.answer('"ping"'), contract.NOT_UNDERSTOOD)
        self.assertEqual(contract.answer("not json"), contract.NOT_UNDERSTOOD)


class JobsTest(unittest.IsolatedAsyncioTestCase):

    async def test_a_job_is_pending_then_done(self):
        jobs = contract.Jobs()
        job = jobs.submit({"input": " ping ", "durationMs": 50, "extra": True})
        self.assertEqual(job.representation(), {"id": job.id, "state": "pending"})
        self.assertEqual((await jobs.wait(job, 0.01))["state"], "pending")
        view = await jobs.wait(job, 5)
        self.assertEqual((view["state"], view["result"]), ("done", "pong"))
        self.assertGreater(view["expiresInMs"], 290_000)

    async def test_a_failing_job_fails(self):
        jobs = contract.Jobs()
        view = await jobs.wait(jobs.submit({"input": "ping", "fail": True}), 5)
        self.assertEqual(view["state"], "failed")

    async def test_whole_numbers_however_written_and_nothing_else(self):
        jobs = contract.Jobs()
        for duration in (1e1, 10.0, None):
            jobs.submit({"input": "x", "durationMs": duration})
        for duration in (1.5, "100", -1, 600_001, True):
            with self.assertRaises(Invalid) as refused:
                jobs.submit({"input": "x", "durationMs": duration})
            self.assertEqual(refused.exception.status, 422)
        for body in (["x"], None):
            self.assertRaises(Invalid, jobs.submit, body)
        self.assertRaises(Invalid, jobs.submit, {"input": 5})


class EventLogTest(unittest.TestCase):

    def subscribed(self, log, last_event_id):
        received = []
        log.subscribe(last_event_id, lambda event: received.append(event) or True)
        return received

    def test_live_events_resumption_and_stale(self):
        log = contract.EventLog()
        log.publish("before")
        live = self.subscribed(log, "")
        self.assertEqual(log.publish("a\nb"), 2)
        self.assertEqual(live, [contract.message(2, "a\nb")])
        for i in range(contract.HISTORY):
            log.publish(f"e{i}")
        newest = contract.HISTORY + 2
        self.assertEqual([e.id for e in self.subscribed(log, str(newest - 1))], [str(newest)])
        self.assertEqual(len(self.subscribed(log, "2")), contract.HISTORY)
        for unresumable in ("1", str(newest + 1), "x"):
            self.assertEqual(self.subscribed(log, unresumable), [contract.stale(unresumable)])


class QueueTest(unittest.IsolatedAsyncioTestCase):

    async def test_leases_redelivery_and_acknowledgements(self):
        queue = contract.MessageQueue()
        for body in ("a", "b"):
            queue.send(body)
        first = await queue.receive(contract.Receive(10, 50, 0))
        self.assertEqual([(d["id"], d["deliveryCount"]) for d in first], [("1", 1), ("2", 1)])
        self.assertEqual(await queue.receive(contract.Receive(10, 50, 0)), [])
        await asyncio.sleep(0.08)
        again = await queue.receive(contract.Receive(10, 1000, 0))
        self.assertEqual([d["deliveryCount"] for d in again], [2, 2])
        self.assertEqual(queue.acknowledge(first[0]["receipt"]), contract.STALE)
        self.assertEqual(queue.acknowledge(again[0]["receipt"]), contract.DELETED)
        self.assertEqual(queue.acknowledge(again[0]["receipt"]), contract.UNKNOWN)

    async def test_a_waiting_receive_is_woken_or_ends_empty(self):
        queue = contract.MessageQueue()
        woken = asyncio.create_task(queue.receive(contract.Receive(1, 1000, 5000)))
        await asyncio.sleep(0)
        queue.send("m")
        self.assertEqual((await woken)[0]["body"], "m")
        self.assertEqual(await queue.receive(contract.Receive(1, 1000, 20)), [])


if __name__ == "__main__":
    unittest.main()
