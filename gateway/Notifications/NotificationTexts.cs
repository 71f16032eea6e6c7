using GridDispatch.Grains.Dispatch;
using GridDispatch.Grains.Grid;
using GridDispatch.Grains.Incidents;
using GridDispatch.Grains.Townships;

namespace GridDispatch.Gateway.Notifications;

/// <summary>What one event says to whom: an id of its own facts, the recipients' ids, and the words.</summary>
public sealed record NotificationPlan(string EventId, IReadOnlyList<string> Recipients, string Title, IReadOnlyList<string> Lines, string? Link);

/// <summary>
/// The messages, in Simplified Chinese: 新工单, 升级, 应急报到, 督办. Each names the incident's 受理编号 and place
/// and links to the page that acts on it. Ids are built from the event's own facts, so a redelivered event
/// (or the same event heard by a second gateway) is recognised.
/// </summary>
public static class NotificationTexts
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);
    private const int MaxTitle = 60;

    public static NotificationPlan Offered(WorkOrderOffered e, IncidentSnapshot? incident, string place, string baseUrl)
    {
        var order = e.WorkOrder;
        return new NotificationPlan($"offered:{order.IncidentId}:{order.ResponderId}:{order.OfferedAt.ToUnixTimeMilliseconds()}", [order.ResponderId],
            $"【新工单】{Short(order.Title)}",
            [Number(incident), $"地点：{place}", $"紧急程度：{Severity(order.Severity)}", $"请于 {Clock(order.AcknowledgeBy)} 前接单"],
            Link(baseUrl, $"/handheld/orders.html?incident={Uri.EscapeDataString(order.IncidentId)}"));
    }

    public static NotificationPlan Escalated(IncidentEscalated e, IncidentSnapshot? incident, string place, string baseUrl) =>
        new($"escalated:{e.IncidentId}:{e.Level}:{e.At.ToUnixTimeMilliseconds()}", e.AlertedLeaders,
            $"【事件升级】{Short(incident?.Report.Text ?? e.IncidentId)}",
            [Number(incident), $"地点：{place}", $"时限已过，已升级到{Level(e.Level)}，请督促处置"],
            Link(baseUrl, $"/?incident={Uri.EscapeDataString(e.IncidentId)}"));

    public static NotificationPlan Called(ReportCalled e, string townshipName, string baseUrl) =>
        new($"called:{e.Township}:{e.At.ToUnixTimeMilliseconds()}", [.. e.Called.Select(a => a.Id)],
            $"【应急报到】{townshipName}进入应急状态",
            [$"原因：{(string.IsNullOrWhiteSpace(e.Reason) ? "未注明" : Short(e.Reason))}", $"时间：{Clock(e.At)}", "请立即在手机上点“报到”"],
            Link(baseUrl, "/handheld/orders.html"));

    public static NotificationPlan Urged(WorkOrderUrged e, IncidentSnapshot? incident, string place, string baseUrl) =>
        new($"urged:{e.IncidentId}:{e.ResponderId}:{e.Count}", [e.ResponderId],
            $"【督办】{Short(incident?.Report.Text ?? e.IncidentId)}",
            [Number(incident), $"地点：{place}", $"指挥中心第{e.Count}次督办" + (string.IsNullOrWhiteSpace(e.Note) ? "" : $"：{Short(e.Note)}")],
            Link(baseUrl, $"/handheld/orders.html?incident={Uri.EscapeDataString(e.IncidentId)}"));

    public static NotificationPlan DeadlineNear(IncidentSnapshot incident, string responderId, string kind, DateTimeOffset due, DateTimeOffset now, string place, string baseUrl) =>
        new($"deadline:{incident.Id}:{responderId}:{due.ToUnixTimeMilliseconds()}", [responderId],
            $"【即将超时】{Short(incident.Report.Text)}",
            [Number(incident), $"地点：{place}", $"{kind}时限 {Clock(due)}，还剩约 {Math.Max(1, (int)Math.Ceiling((due - now).TotalMinutes))} 分钟"],
            Link(baseUrl, $"/handheld/orders.html?incident={Uri.EscapeDataString(incident.Id)}"));

    /// <summary>The incident's place, township down to its cell (益门镇 石门村 三组), from the township's cell tree.</summary>
    public static string Place(IncidentSnapshot? incident, string cell, TownshipInfo? township)
    {
        if (township is null) return cell;
        var names = township.CellTree.ToDictionary(c => c.Key, c => c);
        var path = incident?.CellPath is { Count: > 0 } known ? known : [CellKeys.Cell(township.Id, cell)];
        var words = path.Reverse().Select(key => names.GetValueOrDefault(key)).OfType<CellDefinition>()
            .Where(c => c.Level != CellLevel.County).Select(c => c.Name).ToList();
        return words.Count > 0 ? string.Join(' ', words) : cell;
    }

    private static string Number(IncidentSnapshot? incident) => $"受理编号：{incident?.Number ?? "（待编号）"}";

    private static string Clock(DateTimeOffset at) => at.ToOffset(ChinaTime).ToString("M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private static string Short(string text) => text.Length <= MaxTitle ? text : text[..MaxTitle] + "…";

    private static string? Link(string baseUrl, string path) => string.IsNullOrWhiteSpace(baseUrl) ? null : baseUrl.TrimEnd('/') + path;

    private static string Severity(IncidentSeverity severity) => severity switch
    {
        IncidentSeverity.Emergency => "紧急", IncidentSeverity.Major => "重大", IncidentSeverity.Minor => "一般", _ => "轻微",
    };

    private static string Level(CellLevel level) => level switch
    {
        CellLevel.County => "县级", CellLevel.Township => "乡镇", CellLevel.Village => "村级", CellLevel.Group => "村民小组", _ => "邻",
    };
}
