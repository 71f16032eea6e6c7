using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace GridDispatch.Gateway.Reports;

/// <summary>A report as a spreadsheet (.xlsx, MiniExcel) or CSV (UTF-8 with a BOM, so spreadsheet programs read the Chinese).</summary>
public static class ReportExport
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Sheet = "报表";

    public static byte[] Xlsx(PeriodReport report)
    {
        var rows = ReportLines.Of(report).Select(l => new Dictionary<string, object>
        {
            [ReportLines.SectionHeader] = l.Section, [ReportLines.ItemHeader] = l.Item, [ReportLines.ValueHeader] = l.Value,
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { [Sheet] = rows }, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static byte[] Csv(PeriodReport report)
    {
        var csv = new StringBuilder($"{ReportLines.SectionHeader},{ReportLines.ItemHeader},{ReportLines.ValueHeader}\r\n");
        foreach (var l in ReportLines.Of(report))
            csv.Append(Quote(l.Section)).Append(',').Append(Quote(l.Item)).Append(',')
                .Append(l.Value is string text ? Quote(text) : Convert.ToString(l.Value, CultureInfo.InvariantCulture)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static string FileName(PeriodReport report, string extension) =>
        $"report-{report.Scope.Key.Replace(':', '-').Replace('/', '-')}-{report.Period.Key}.{extension}";

    /// <summary>Quoted when needed; a leading =, +, - or @ is defused so a spreadsheet never runs a cell as a formula.</summary>
    private static string Quote(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@') cell = "'" + cell;
        return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}
