using GridDispatch.Grains.Grid;

namespace GridDispatch.Grains.Incidents;

/// <summary>
/// 受理编号: a short number for an incident that can be read over the phone, e.g. <c>益门-1129-0012</c>:
/// the township's short name, the month and day it was reported (China time) and that day's sequence.
/// One grain per township and day issues them; asking again for the same incident gives the same number.
/// </summary>
[Alias("GridDispatch.Incidents.IReceiptNumberGrain")]
public interface IReceiptNumberGrain : IGrainWithStringKey
{
    [Alias("Issue")] Task<string> Issue(string incidentId);
}

public static class ReceiptNumbers
{
    /// <summary>The township's day, whatever the server's time zone: China has one clock, UTC+8.</summary>
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    /// <summary>The grain of <paramref name="township"/>'s day at <paramref name="at"/>: <c>{township}/{yyyyMMdd}</c>.</summary>
    public static string Key(string township, DateTimeOffset at) => $"{township}/{at.ToOffset(ChinaTime):yyyyMMdd}";

    /// <summary>益门镇 → 益门, 城关街道 → 城关; a name that is all suffix stays as it is.</summary>
    public static string ShortName(string name)
    {
        foreach (var suffix in (string[])["街道", "镇", "乡"])
            if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal)) return name[..^suffix.Length];
        return name;
    }

    public static string Format(string shortName, string dayKey, int sequence) => $"{shortName}-{dayKey[^4..]}-{sequence:D4}";
}

public sealed class ReceiptNumberGrain([PersistentState("receipt-numbers")] IPersistentState<ReceiptNumberState> state) : Grain, IReceiptNumberGrain
{
    private const int RememberedIssues = 256;

    public async Task<string> Issue(string incidentId)
    {
        var key = this.GetPrimaryKeyString();
        var split = key.LastIndexOf('/');
        var (township, day) = (key[..split], key[(split + 1)..]);
        if (!state.State.Issued.TryGetValue(incidentId, out var sequence))
        {
            sequence = ++state.State.Last;
            state.State.Issued[incidentId] = sequence;
            // Only the latest numbers are kept for an incident asking again (it saves its number right after):
            // the state stays small on a busy day instead of growing, and being rewritten, with every incident.
            if (state.State.Issued.Count > RememberedIssues)
                state.State.Issued.Remove(state.State.Issued.MinBy(i => i.Value).Key);
            // the township's name from its root cell (the grid sits below incidents; the township grain above them)
            state.State.ShortName ??= ReceiptNumbers.ShortName((await GrainFactory.GetGrain<IGridCellGrain>(CellKeys.Township(township)).GetSummary()).Definition?.Name ?? township);
            await state.WriteStateAsync(); // saved before it is told: a number is never issued twice
        }

        return ReceiptNumbers.Format(state.State.ShortName ?? township, day, sequence);
    }
}

[GenerateSerializer, Alias("GridDispatch.Incidents.ReceiptNumberState")]
public sealed class ReceiptNumberState
{
    [Id(0)] public Dictionary<string, int> Issued { get; set; } = [];
    [Id(1)] public string? ShortName { get; set; }
    /// <summary>The last sequence issued that day.</summary>
    [Id(2)] public int Last { get; set; }
}
