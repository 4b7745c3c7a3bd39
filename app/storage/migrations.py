"""Numbered schema migrations. Append new ones; never edit one that has shipped."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: attempts and their answers
    """
    CREATE TABLE attempt (
        id TEXT PRIMARY KEY,
        scenario_id TEXT NOT NULL,
        scenario_title TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        outcome TEXT,
        closing_line TEXT,
        profile TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE answer (
        id TEXT PRIMARY KEY,
        attempt_id TEXT NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        turn_id TEXT NOT NULL,
        line TEXT NOT NULL,
        answer TEXT NOT NULL,
        latency_s REAL,
        duration_s REAL,
        total_s REAL,
        branch INTEGER,
        goto TEXT,
        outcome TEXT,
        coaching TEXT,
        dimensions TEXT NOT NULL,
        criteria TEXT NOT NULL,
        overall REAL NOT NULL,
        superseded INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
    );
    CREATE INDEX answer_attempt ON answer(attempt_id, position);
    """,
    # 2: dimension scores as columns, so progress charts don't parse JSON, and an index for date ranges
    """
    ALTER TABLE answer ADD COLUMN confidence REAL;
    ALTER TABLE answer ADD COLUMN respect REAL;
    ALTER TABLE answer ADD COLUMN value REAL;
    UPDATE answer SET
        confidence = json_extract(dimensions, '$.confidence.score'),
        respect = json_extract(dimensions, '$.respect.score'),
        value = json_extract(dimensions, '$.value.score');
    CREATE INDEX attempt_started ON attempt(started_at);
    """,
    # 3: scores per dimension are read from each answer's dimensions JSON, whatever the rubric's dimensions are;
    #    the three fixed columns of migration 2 go
    """
    ALTER TABLE answer DROP COLUMN confidence;
    ALTER TABLE answer DROP COLUMN respect;
    ALTER TABLE answer DROP COLUMN value;
    """,
    # 4: the recruiter's goodwill after each answer, and how the answer moved it (JSON: before, after, changes)
    """
    ALTER TABLE answer ADD COLUMN goodwill TEXT;
    """,
    # 5: answers given out loud: how they were delivered (Delivery.to_json: onset, pace, fillers, pauses, the
    #    transcript as heard) and where the recording was kept (relative to the history's folder when inside it)
    """
    ALTER TABLE answer ADD COLUMN delivery TEXT;
    ALTER TABLE answer ADD COLUMN audio TEXT;
    """,
    # 6: pair role-play: the attempt's mode ("solo" or "pair") and players (JSON: pair_id, candidate, recruiter,
    #    fist-to-five before and after); the partner's marks for each answer (PeerMark.to_json)
    """
    ALTER TABLE attempt ADD COLUMN mode TEXT NOT NULL DEFAULT 'solo';
    ALTER TABLE attempt ADD COLUMN players TEXT;
    ALTER TABLE answer ADD COLUMN peer TEXT;
    """,
]
