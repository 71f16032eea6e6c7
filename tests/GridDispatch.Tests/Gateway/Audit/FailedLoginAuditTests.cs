using System.Net;
using GridDispatch.Gateway.Audit;
using GridDispatch.Grains.Audit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GridDispatch.Tests.Gateway.Audit;

/// <summary>Failed logins in the audit log (#18 item 9), throttled: a flood writes a few lines a minute, not one per attempt.</summary>
public sealed class FailedLoginAuditTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 3, 0, 10, TimeSpan.Zero));
    private readonly Trail _trail = new();
    private readonly FailedLoginAudit _failed;

    public FailedLoginAuditTests() => _failed = new FailedLoginAudit(new AuditRecorder(_trail, _time, NullLogger<AuditRecorder>.Instance), _time);

    [Fact]
    public async Task The_first_failure_from_an_address_is_written_at_once_and_the_rest_of_its_minute_as_one_counted_line()
    {
        var attacker = IPAddress.Parse("10.0.0.66");
        await _failed.NoteAsync("HTTP", "yimen", attacker);
        for (var i = 0; i < 500; i++) await _failed.NoteAsync(i % 2 == 0 ? "HTTP" : "MQTT", $"guess{i}", attacker);
        await _failed.NoteAsync("MQTT", "admin", IPAddress.Parse("10.0.0.7"));

        var first = Assert.Single(_trail.Lines, l => l.Subject == "10.0.0.66");
        Assert.Equal(("yimen", FailedLoginAudit.Kind, AuditDays.County, "HTTP"), (first.Actor, first.Kind, first.Township, first.Detail));
        Assert.Single(_trail.Lines, l => l.Subject == "10.0.0.7" && l.Actor == "admin" && l.Detail == "MQTT");

        // The minute ends: its count is written once, for that address only (the other had one failure).
        _time.Advance(TimeSpan.FromMinutes(1));
        await _failed.FlushAsync();
        var counted = Assert.Single(_trail.Lines, l => l.Subject == "10.0.0.66" && l.Actor == "?");
        Assert.Contains("另有 500 次", counted.Detail, StringComparison.Ordinal);
        Assert.Equal(3, _trail.Lines.Count);
        await _failed.FlushAsync();
        Assert.Equal(3, _trail.Lines.Count);

        // A new minute: the address gets a line of its own again.
        await _failed.NoteAsync("HTTP", "yimen", attacker);
        Assert.Equal(2, _trail.Lines.Count(l => l.Subject == "10.0.0.66" && l.Actor == "yimen"));
    }

    [Fact]
    public async Task Failures_from_more_addresses_than_the_cap_are_summed_into_one_line_for_the_minute()
    {
        for (var i = 0; i < 1_000; i++) await _failed.NoteAsync("HTTP", "yimen", new IPAddress([10, 1, (byte)(i / 250), (byte)(i % 250)]));
        Assert.Equal(FailedLoginAudit.MaxAddressesPerMinute, _trail.Lines.Count);

        _time.Advance(TimeSpan.FromMinutes(1));
        await _failed.NoteAsync("HTTP", "yimen", IPAddress.Loopback); // the next minute's first failure closes the last one
        var summed = Assert.Single(_trail.Lines, l => l.Subject == "*");
        Assert.Contains($"另有 {1_000 - FailedLoginAudit.MaxAddressesPerMinute} 次", summed.Detail, StringComparison.Ordinal);
        Assert.Equal(FailedLoginAudit.MaxAddressesPerMinute + 2, _trail.Lines.Count);
    }

    private sealed class Trail : IAuditTrail
    {
        public List<AuditEntry> Lines { get; } = [];

        public Task RecordAsync(AuditEntry entry)
        {
            Lines.Add(entry);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query) => Task.FromResult<IReadOnlyList<AuditEntry>>(Lines);
    }
}
