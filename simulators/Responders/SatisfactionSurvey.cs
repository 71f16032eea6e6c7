using System.Net.Http.Json;

namespace GridDispatch.Simulators.Responders;

/// <summary>
/// The command centre's 回访 after a responder's 完成: it "calls the reporter back" and closes the incident
/// (销号) with a 满意度 drawn as villagers mostly give it (mostly 5, sometimes 4, rarely lower).
/// </summary>
public sealed class SatisfactionSurvey(HttpClient commandCentre, Random random)
{
    private int _closed;

    public int Closed => Volatile.Read(ref _closed);

    public async Task CallBackAsync(string incidentId, CancellationToken cancellationToken)
    {
        var roll = random.NextDouble();
        var satisfaction = roll < 0.7 ? 5 : roll < 0.92 ? 4 : roll < 0.98 ? 3 : 2;
        using var response = await commandCentre.PostAsJsonAsync($"/api/incidents/{Uri.EscapeDataString(incidentId)}/close", new { satisfaction }, cancellationToken);
        if (response.IsSuccessStatusCode) Interlocked.Increment(ref _closed);
    }
}
