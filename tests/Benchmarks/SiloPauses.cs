namespace GridDispatch.Benchmarks;

/// <summary>
/// What can hold up every request of a silo at once, as counted by the silo itself (<c>/metrics</c>): the GC's
/// collections per generation and their total pause (the runtime's counters), and SQLite's group commits (an
/// fsync each) by how long they took. Read before and after a step; the difference is the step's.
/// </summary>
public sealed record SiloPauses(double GcPauseSeconds, double Gen0, double Gen1, double Gen2, double Commits, double CommitsOver50Ms, double CommitsOver100Ms)
{
    public static async Task<SiloPauses> ReadAsync(HttpClient management) => From(await PrometheusText.TextAsync(management));

    /// <summary>From a page of <c>/metrics</c> already read.</summary>
    public static SiloPauses From(string text)
    {
        double Gen(string generation) => PrometheusText.Sum(text, "dotnet_gc_collections_total", $"gc_heap_generation=\"{generation}\"");
        var commits = PrometheusText.Sum(text, "griddispatch_sqlite_commit_duration_seconds_count");
        double Over(string le) => commits - PrometheusText.Sum(text, "griddispatch_sqlite_commit_duration_seconds_bucket", $"le=\"{le}\"");
        return new(PrometheusText.Sum(text, "dotnet_gc_pause_time_seconds_total"), Gen("gen0"), Gen("gen1"), Gen("gen2"), commits, Over("0.05"), Over("0.1"));
    }

    public static SiloPauses operator -(SiloPauses after, SiloPauses before) => new(after.GcPauseSeconds - before.GcPauseSeconds,
        after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2,
        after.Commits - before.Commits, after.CommitsOver50Ms - before.CommitsOver50Ms, after.CommitsOver100Ms - before.CommitsOver100Ms);

    private double Collections => Gen0 + Gen1 + Gen2;

    /// <summary>"collections (gen0/gen1/gen2), total pause, mean pause".</summary>
    public string Gc => $"{Collections:N0} ({Gen0:N0}/{Gen1:N0}/{Gen2:N0}), {GcPauseSeconds * 1000:N0} ms, {(Collections > 0 ? GcPauseSeconds * 1000 / Collections : 0):F1} ms";

    /// <summary>"commits ≥ 50 ms / ≥ 100 ms of all".</summary>
    public string SlowCommits => $"{CommitsOver50Ms:N0} / {CommitsOver100Ms:N0} of {Commits:N0}";
}
