using System.Globalization;
using System.Net;
using System.Text;
using GridDispatch.Grains.Incidents;
using Microsoft.AspNetCore.Http;

namespace GridDispatch.Gateway.Open311;

/// <summary>
/// <c>GET /open311/status?id=…</c>: a small public page where a resident looks up their 12345 request by its id
/// (办理进度查询). It shows the 受理编号, the service, the state and the milestones with their times, and nothing
/// personal: not the description (it may hold an address or a name), nor who handled it, nor any note.
/// </summary>
public static class Open311StatusPage
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    public static async Task<IResult> Show(HttpContext http, IGrainFactory grains)
    {
        var id = http.Request.Query["id"].ToString().Trim();
        if (id.Length == 0) return Page(200, Form(""));
        if (await Open311Endpoints.FindAsync(id, grains) is not { } incident)
            return Page(404, Form(id) + "<p class=\"missing\">未找到该诉求，请核对编号。</p>");
        return Page(200, Form(id) + Details(incident));
    }

    private static string Form(string id) =>
        $"""<form method="get" action="status"><label>诉求编号 <input name="id" value="{Html(id)}" required maxlength="200"></label> <button>查询</button></form>""";

    private static string Details(IncidentSnapshot incident)
    {
        var text = new StringBuilder("<dl>");
        void Row(string name, string? value) => text.Append($"<dt>{name}</dt><dd>{Html(value ?? "—")}</dd>");
        Row("受理编号", incident.Number);
        Row("诉求类别", Open311Catalog.NameOf(incident.Report.Category));
        Row("办理状态", State(incident.Status));
        Row("受理时间", Clock(incident.Report.ReportedAt));
        if (incident.Status.IsOpen() && incident.ResolveBy is { } due) Row("预计办结", Clock(due));
        text.Append("</dl><h2>办理进度</h2><ol class=\"timeline\">");
        foreach (var step in incident.Timeline)
            if (Milestone(step.Kind) is { } words) text.Append($"<li><time>{Html(Clock(step.At))}</time> {words}</li>");
        return text.Append("</ol>").ToString();
    }

    private static string State(IncidentStatus status) => status switch
    {
        IncidentStatus.Reported or IncidentStatus.Triaged => "已受理",
        IncidentStatus.Dispatched or IncidentStatus.Acknowledged => "办理中",
        IncidentStatus.OnSite => "现场处置中",
        IncidentStatus.Resolved => "已办结",
        IncidentStatus.Closed => "已办结（已回访）",
        IncidentStatus.Merged => "已与同一诉求合并办理",
        IncidentStatus.Cancelled => "已撤销",
        _ => "办理中",
    };

    /// <summary>The steps a resident cares about; the rest (reassignments, co-handling, urges) are the office's.</summary>
    private static string? Milestone(TimelineKind kind) => kind switch
    {
        TimelineKind.Reported => "诉求已受理",
        TimelineKind.Dispatched => "已派单",
        TimelineKind.Acknowledged => "工作人员已接单",
        TimelineKind.Arrived => "工作人员已到场",
        TimelineKind.Resolved => "已办结",
        TimelineKind.Escalated => "已提级办理",
        TimelineKind.Reopened => "重新办理",
        TimelineKind.CalledBack => "已回访",
        TimelineKind.Closed => "已销号",
        TimelineKind.Cancelled => "已撤销",
        TimelineKind.MergedInto => "已与同一诉求合并办理",
        _ => null,
    };

    private static string Clock(DateTimeOffset at) => at.ToOffset(ChinaTime).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static IResult Page(int status, string body) => Results.Content($$"""
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>12345 诉求办理进度</title>
        <style>body{font-family:system-ui,sans-serif;margin:1rem;max-width:36rem}dt{color:#666;float:left;width:6em}dd{margin:0 0 .4rem 6.5em}input{width:14em}.missing{color:#b00}</style>
        </head><body><h1>诉求办理进度</h1>{{body}}</body></html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);
}
