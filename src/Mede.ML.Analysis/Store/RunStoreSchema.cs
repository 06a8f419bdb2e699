namespace Mede.ML.Analysis.Store;

/// <summary>The tables of <c>run.db</c> (see DESIGN.md, "Run store").</summary>
internal static class RunStoreSchema
{
    /// <summary>The schema version kept in <c>PRAGMA user_version</c>.</summary>
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            environment TEXT NOT NULL,
            algorithm TEXT NOT NULL,
            agents INTEGER NOT NULL,
            seed INTEGER NOT NULL,
            network TEXT NOT NULL,
            total_steps INTEGER NOT NULL,
            options_json TEXT NOT NULL,
            code_version TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            last_step INTEGER);
        CREATE TABLE IF NOT EXISTS metrics (
            id INTEGER PRIMARY KEY,
            step INTEGER NOT NULL,
            name TEXT NOT NULL,
            agent INTEGER,
            value REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS metrics_by_name ON metrics (name, agent, step);
        CREATE TABLE IF NOT EXISTS evaluations (
            id INTEGER PRIMARY KEY,
            step INTEGER NOT NULL,
            episodes_per_agent INTEGER NOT NULL,
            deterministic INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            complete INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS episodes (
            id INTEGER PRIMARY KEY,
            evaluation_id INTEGER REFERENCES evaluations (id),
            step INTEGER NOT NULL,
            agent INTEGER NOT NULL,
            episode INTEGER NOT NULL,
            episode_return REAL NOT NULL,
            length INTEGER NOT NULL,
            terminated INTEGER NOT NULL,
            goal INTEGER NOT NULL,
            has_transitions INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS episodes_by_agent ON episodes (evaluation_id, agent, episode);
        CREATE TABLE IF NOT EXISTS transitions (
            episode_id INTEGER NOT NULL REFERENCES episodes (id),
            t INTEGER NOT NULL,
            observation BLOB NOT NULL,
            action BLOB NOT NULL,
            reward REAL NOT NULL,
            next_observation BLOB NOT NULL,
            terminated INTEGER NOT NULL,
            truncated INTEGER NOT NULL,
            PRIMARY KEY (episode_id, t)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS flushes (
            generation INTEGER PRIMARY KEY,
            step INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS partial_transitions (
            generation INTEGER NOT NULL,
            agent INTEGER NOT NULL,
            episode INTEGER NOT NULL,
            t INTEGER NOT NULL,
            observation BLOB NOT NULL,
            action BLOB NOT NULL,
            reward REAL NOT NULL,
            next_observation BLOB NOT NULL,
            terminated INTEGER NOT NULL,
            truncated INTEGER NOT NULL,
            PRIMARY KEY (generation, agent, t)) WITHOUT ROWID;
        """;
}
