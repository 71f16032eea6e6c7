using System.Globalization;
using System.Text;
using GridDispatch.Grains.Audit;

namespace GridDispatch.Gateway.Audit;

/// <summary>The audit lines as CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs read the Chinese), Beijing time.</summary>
public static class AuditCsv
{
    public static byte[] Write(IEnumerable<AuditEntry> entries)
    {
        var csv = new StringBuilder("时间,操作人,姓名,乡镇,类型,对象,原因,详情\r\n");
        foreach (var e in entries)
        {
            string[] cells =
            [
                e.At.ToOffset(AuditDays.Offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.Actor, e.ActorName ?? "", e.Township, e.Kind, e.Subject ?? "", e.Reason ?? "", e.Detail ?? "",
            ];
            csv.AppendJoin(',', cells.Select(Quote)).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    /// <summary>Quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never runs a cell as a formula.</summary>
    private static string Quote(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@') cell = "'" + cell;
        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
