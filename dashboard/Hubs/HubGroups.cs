namespace GridDispatch.Dashboard.Hubs;

/// <summary>
/// SignalR groups: a whole-township screen, a village's cut of it (with its township's notices), and one responder's handheld.
/// Each event goes to exactly one township group (and its village's), so a connection in several
/// township groups (a county screen) still gets every event once.
/// </summary>
public static class HubGroups
{
    public static string Township(string township) => "township:" + township;

    public static string Village(string township, string village) => $"village:{township}/{village}";

    public static string Responder(string responderId) => "responder:" + responderId;

    /// <summary>What a village's screen must hear of its township as a whole (a mass silence): village screens are in no township group.</summary>
    public static string TownshipNotices(string township) => "township-notices:" + township;
}
