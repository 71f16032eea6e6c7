using GridDispatch.Tests.Infrastructure;
using GridDispatch.Tests.TestGrains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Xunit.Abstractions;

namespace GridDispatch.Tests.Silo.Storage;

/// <summary>
/// What any grain storage of ours must do, asserted against the provider a real silo resolves.
/// Each concrete class runs these against one provider.
/// </summary>
public abstract class GrainStorageConformance(ITestOutputHelper output) : SiloTestBase(output)
{
    private IGrainStorage Storage => Cluster.GetSiloServiceProvider(Cluster.Primary!.SiloAddress)
        .GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    private static GrainId NewGrainId() => GrainId.Create("conformance", Guid.NewGuid().ToString("N"));

    private static GrainState<ScoreState> Score(int total, string? etag = null) =>
        new(new ScoreState { Total = total, Notes = [$"total {total}"] }) { ETag = etag };

    [Fact]
    public async Task Reading_a_grain_never_written_finds_no_record()
    {
        var state = new GrainState<ScoreState>(new ScoreState());
        await Storage.ReadStateAsync("score", NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.Total);
    }

    [Fact]
    public async Task What_is_written_is_read_back_with_its_etag()
    {
        var id = NewGrainId();
        var written = Score(42);
        await Storage.WriteStateAsync("score", id, written);

        var read = new GrainState<ScoreState>(new ScoreState());
        await Storage.ReadStateAsync("score", id, read);

        Assert.True(read.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal(42, read.State!.Total);
        Assert.Equal(["total 42"], read.State!.Notes);
    }

    [Fact]
    public async Task State_names_and_grains_do_not_see_each_others_state()
    {
        var id = NewGrainId();
        await Storage.WriteStateAsync("score", id, Score(1));
        await Storage.WriteStateAsync("other", id, Score(2));
        await Storage.WriteStateAsync("score", NewGrainId(), Score(3));

        var read = new GrainState<ScoreState>(new ScoreState());
        await Storage.ReadStateAsync("score", id, read);
        Assert.Equal(1, read.State!.Total);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var id = NewGrainId();
        var first = Score(1);
        await Storage.WriteStateAsync("score", id, first);
        var staleETag = first.ETag;
        var second = Score(2, staleETag);
        await Storage.WriteStateAsync("score", id, second);
        Assert.NotEqual(staleETag, second.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("score", id, Score(99, staleETag)));

        var read = new GrainState<ScoreState>(new ScoreState());
        await Storage.ReadStateAsync("score", id, read);
        Assert.Equal(2, read.State!.Total);
    }

    [Fact]
    public async Task A_write_without_etag_over_an_existing_record_is_refused()
    {
        var id = NewGrainId();
        await Storage.WriteStateAsync("score", id, Score(1));

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync("score", id, Score(2, etag: null)));
    }

    [Fact]
    public async Task Clear_removes_the_state_and_refuses_a_stale_etag()
    {
        var id = NewGrainId();
        var state = Score(5);
        await Storage.WriteStateAsync("score", id, state);
        var beforeClear = state.ETag;

        await Storage.ClearStateAsync("score", id, state);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State!.Total); // the caller's copy is reset too, as a grain would see it

        var read = new GrainState<ScoreState>(new ScoreState());
        await Storage.ReadStateAsync("score", id, read);
        Assert.False(read.RecordExists);
        Assert.Equal(0, read.State!.Total);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync("score", id, Score(0, "12345")));

        // The grain can write again after clearing, from the ETag the clear gave it.
        var again = Score(6, state.ETag);
        await Storage.WriteStateAsync("score", id, again);
        await Storage.ReadStateAsync("score", id, read);
        Assert.Equal(6, read.State!.Total);
        Assert.True(read.RecordExists);
        Assert.NotEqual(beforeClear, again.ETag);
    }

    [Fact]
    public async Task Many_concurrent_writes_all_land_and_one_conflict_fails_alone()
    {
        var ids = Enumerable.Range(0, 500).Select(_ => NewGrainId()).ToArray();
        var conflicted = NewGrainId();
        await Storage.WriteStateAsync("score", conflicted, Score(1));

        var writes = ids.Select((id, i) => Storage.WriteStateAsync("score", id, Score(i))).ToList();
        var conflict = Storage.WriteStateAsync("score", conflicted, Score(2, etag: "999999"));
        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflict);

        for (var i = 0; i < ids.Length; i++)
        {
            var read = new GrainState<ScoreState>(new ScoreState());
            await Storage.ReadStateAsync("score", ids[i], read);
            Assert.Equal(i, read.State!.Total);
        }
    }

    [Fact]
    public async Task Grain_state_survives_a_silo_restart()
    {
        var key = Guid.NewGuid().ToString("N");
        await Cluster.GrainFactory.GetGrain<IScoreGrain>(key).Add(3, "before restart");
        await Cluster.GrainFactory.GetGrain<IScoreGrain>(key).Add(4, "still before");

        await RestartAsync();

        var state = await Cluster.GrainFactory.GetGrain<IScoreGrain>(key).Get();
        Assert.Equal(7, state.Total);
        Assert.Equal(["before restart", "still before"], state.Notes);
        Assert.Equal(8, await Cluster.GrainFactory.GetGrain<IScoreGrain>(key).Add(1, "after restart"));
    }
}
