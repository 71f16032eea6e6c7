using System.Net;
using GridDispatch.Grains.Audit;
using Microsoft.Extensions.Hosting;

namespace GridDispatch.Gateway.Audit;

/// <summary>
/// Failed logins (HTTP and MQTT person logins) in the audit log, throttled so that a flood cannot fill it.
/// Per client address and minute: the first failure is written at once (kind <c>login.failed</c>, the name
/// tried as actor, the address as subject); the others of that minute are only counted and written as one
/// line when the minute ends. At most <see cref="MaxAddressesPerMinute"/> addresses get lines of their own
/// in a minute; failures from further addresses are summed into one line. So a minute of failures writes at
/// most 2 × <see cref="MaxAddressesPerMinute"/> + 1 lines, whatever their rate.
/// </summary>
public sealed class FailedLoginAudit(AuditRecorder audit, TimeProvider time) : BackgroundService
{
    public const int MaxAddressesPerMinute = 20;
    public const string Kind = "login.failed";

    private readonly Lock _gate = new();
    private Minute _current = new(long.MinValue);

    /// <param name="channel"><c>HTTP</c> or <c>MQTT</c>.</param>
    /// <param name="name">The account name tried, as typed (cut to 64 characters); null if none.</param>
    public async Task NoteAsync(string channel, string? name, IPAddress? from)
    {
        var address = from?.ToString() ?? "?";
        Minute? ended = null;
        bool first;
        lock (_gate)
        {
            var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
            if (minute != _current.Number) (ended, _current) = (_current, new Minute(minute));
            first = _current.Note(address);
        }

        AuditMetrics.FailedLogins.Add(1, new KeyValuePair<string, object?>("written", first));
        if (ended is not null) await WriteAsync(ended);
        if (first)
        {
            var actor = name?.Trim() is { Length: > 0 } tried ? tried[..Math.Min(tried.Length, 64)] : "?";
            await audit.RecordAsync(actor, null, AuditDays.County, Kind, address, detail: channel);
        }
    }

    /// <summary>Closes each minute once it is over, so its counts are written even if no later failure comes.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(15), time);
        while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync();
    }

    /// <summary>Writes the counts of a minute that has ended (the background loop calls it; tests too).</summary>
    public async Task FlushAsync()
    {
        Minute? ended = null;
        lock (_gate)
        {
            var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
            if (minute != _current.Number && _current.Number != long.MinValue) (ended, _current) = (_current, new Minute(minute));
        }

        if (ended is not null) await WriteAsync(ended);
    }

    private async Task WriteAsync(Minute ended)
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(ended.Number * 60).ToOffset(AuditDays.Offset);
        foreach (var (address, more) in ended.More)
            if (more > 0) await audit.RecordAsync("?", null, AuditDays.County, Kind, address, detail: $"{at:HH:mm} 这一分钟内另有 {more} 次失败");
        if (ended.Overflow > 0)
            await audit.RecordAsync("?", null, AuditDays.County, Kind, "*", detail: $"{at:HH:mm} 这一分钟内另有 {ended.Overflow} 次失败，来自其他地址");
    }

    /// <summary>One minute's failures: per address, those after its first; and those of addresses beyond the cap.</summary>
    private sealed class Minute(long number)
    {
        public long Number { get; } = number;
        public Dictionary<string, int> More { get; } = [];
        public int Overflow { get; private set; }

        /// <summary>True for the address's first failure of the minute (to be written).</summary>
        public bool Note(string address)
        {
            if (More.TryGetValue(address, out var more))
            {
                More[address] = more + 1;
                return false;
            }

            if (More.Count < MaxAddressesPerMinute)
            {
                More[address] = 0;
                return true;
            }

            Overflow++;
            return false;
        }
    }
}
