-- The shared state of the reference server's nodes (commtck serve --database). Times are the database's, so that
-- every node reads leases and job ends from one clock.

-- Long polling: a job ends at ends_at; ended_at is set, and commtck_jobs notified, when it has.
CREATE TABLE commtck_jobs (
    id          text PRIMARY KEY,
    input       bytea       NOT NULL, -- UTF-8; text cannot hold U+0000
    duration_ms bigint      NOT NULL,
    fail        boolean     NOT NULL,
    ends_at     timestamptz NOT NULL,
    ended_at    timestamptz,
    expires_at  timestamptz
);
CREATE INDEX commtck_jobs_expiry ON commtck_jobs (expires_at) WHERE expires_at IS NOT NULL;

-- Event streams, topics and push notifications: each a hub whose row numbers its events (locking the row while an
-- event is appended, so that positions are given in the order their transactions commit) and whose newest events are
-- kept. An event's id is its position.
CREATE TABLE commtck_hubs (
    name          text PRIMARY KEY,
    last_position       bigint NOT NULL DEFAULT 0,
    evicted_up_to bigint NOT NULL DEFAULT 0
);
CREATE TABLE commtck_events (
    hub      text   NOT NULL,
    position bigint NOT NULL,
    id       bigint NOT NULL,
    payload  bytea  NOT NULL, -- UTF-8; text cannot hold U+0000
    PRIMARY KEY (hub, position)
);

-- Message queues: a message is deliverable when visible_at has passed; a lease sets it ahead and names itself with
-- a receipt whose last part is a random token.
CREATE TABLE commtck_messages (
    seq        bigserial PRIMARY KEY,
    queue      text        NOT NULL,
    body       bytea       NOT NULL,
    deliveries int         NOT NULL DEFAULT 0,
    receipt    text,
    visible_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    dead       boolean     NOT NULL DEFAULT false
);
-- a receive walks a queue's messages in send order, skipping those leased (few: the ones in flight)
CREATE INDEX commtck_messages_queue ON commtck_messages (queue, seq) WHERE NOT dead;
-- those delivered too often, to be dead-lettered: usually none, so that looking for them costs nothing
CREATE INDEX commtck_messages_exhausted ON commtck_messages (queue, seq) WHERE NOT dead AND deliveries >= 5;
CREATE INDEX commtck_messages_dead ON commtck_messages (queue, seq) WHERE dead;
