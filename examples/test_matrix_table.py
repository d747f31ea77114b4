"""Tests of matrix_table.py: python3 -m unittest discover -s examples -p 'test_*.py'"""
import json
import tempfile
import unittest
from pathlib import Path

import matrix_table


def requirement(rid, verdict, message=""):
    tests = [{"name": "T", "verdict": verdict, "durationMs": 1, **({"message": message} if message else {})}]
    pattern = rid.split("-")[0].lower()
    return {"id": rid, "level": "MUST", "pattern": pattern, "verdict": verdict,
            "spec": "spec/%s.md#%s" % (pattern, rid.lower()), "tests": tests}


class MatrixTableTest(unittest.TestCase):

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp())
        self.examples = self.tmp / "examples"
        stack = self.examples / "fast"
        stack.mkdir(parents=True)
        (stack / "stack.properties").write_text(
            "stack.name = Fast\nstack.versions = Fast 1.0\nstack.configuration = none\n"
            "stack.workaround = an opening comment\nstack.workaround.patterns = sse\npush.period = 1000\n")
        (stack / "notes.properties").write_text("# comment\nPUSH-UTF8-1 = Fast does not check UTF-8; fix: none\n")

    def column(self, name, requirements, **props):
        folder = self.tmp / "runs" / name
        (folder / "report").mkdir(parents=True)
        props.setdefault("stack", "fast")
        (folder / "column.properties").write_text("".join("%s=%s\n" % kv for kv in props.items()))
        if requirements is not None:
            summary = {"run": {"startedAt": "2026-12-06T04:00:00Z", "tckVersion": "0.1", "specVersion": "0.2",
                               "jdk": "JDK 25", "os": "Linux", "tolerances": "multiplier 1.0"},
                       "requirements": requirements}
            (folder / "report" / "summary.json").write_text(json.dumps(summary))
        return matrix_table.Column(folder, self.examples)

    def test_each_cell_links_to_its_requirement_and_each_finding_has_its_note(self):
        main = self.column("fast", [requirement("SSE-STREAM-1", "PASS"), requirement("PUSH-UTF8-1", "FAIL", "bad")])
        page, missing = matrix_table.render([main])
        self.assertIn("| [SSE-STREAM-1](../spec/sse.md#sse-stream-1) | MUST | [PASS](../spec/sse.md#sse-stream-1) |",
                      page)
        self.assertIn("- **[PUSH-UTF8-1](../spec/push.md#push-utf8-1)** FAIL: Fast does not check UTF-8; fix: none",
                      page)
        self.assertIn("| [Fast](../examples/fast) | Fast 1.0 | none; workaround: an opening comment | 1 PASS, 1 FAIL |",
                      page)
        self.assertEqual([], missing)

    def test_a_finding_without_a_note_says_so_and_is_reported(self):
        main = self.column("fast", [requirement("SSE-DELIVERY-1", "FLAKY", "late by 3 ms\nmore")])
        page, missing = matrix_table.render([main])
        self.assertIn("FLAKY: no explanation recorded yet (examples/fast/notes.properties); the kit saw: late by 3 ms",
                      page)
        self.assertEqual(["fast SSE-DELIVERY-1"], missing)

    def test_the_run_without_the_workaround_is_a_column_of_its_own_that_names_it(self):
        main = self.column("fast", [requirement("SSE-STREAM-1", "PASS"), requirement("PUSH-UTF8-1", "FAIL")])
        bare = self.column("fast-without-workaround", [requirement("SSE-STREAM-1", "FAIL")], patterns="sse",
                           environment="COMMTCK_WORKAROUNDS=off")
        page, _ = matrix_table.render([main, bare])
        self.assertIn("| Fast | Fast without workaround |", page)
        self.assertIn("| [PUSH-UTF8-1](../spec/push.md#push-utf8-1) | MUST | [FAIL](../spec/push.md#push-utf8-1) | · |",
                      page)
        self.assertIn("- Without the adapter's workaround (an opening comment): "
                      "[SSE-STREAM-1](../spec/sse.md#sse-stream-1) FAIL.", page)

    def test_an_adapter_that_did_not_start_is_an_error_column(self):
        main = self.column("fast", [requirement("SSE-STREAM-1", "PASS")])
        broken = self.column("broken", None, error="the adapter exited before it listened")
        page, _ = matrix_table.render([main, broken])
        self.assertIn("| [SSE-STREAM-1](../spec/sse.md#sse-stream-1) | MUST | [PASS](../spec/sse.md#sse-stream-1) | "
                      "[ERROR](../spec/sse.md#sse-stream-1) |", page)
        self.assertIn("- The run could not be made: the adapter exited before it listened.", page)


if __name__ == "__main__":
    unittest.main()
