using System.Text;
using GridDispatch.Gateway.History;
using GridDispatch.Gateway.Reports;
using GridDispatch.Grains.Incidents;
using GridDispatch.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;

namespace GridDispatch.Tests.Gateway.Reports;

/// <summary>The scripted December exported: the .xlsx read back with MiniExcel's reader, the CSV as Excel would open it.</summary>
public sealed class ReportExportTests : IAsyncLifetime
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("report-export");
    private PeriodReport _report = null!;

    public async Task InitializeAsync()
    {
        var store = new SqliteHistoryStore(Path.Combine(_folder, "history.db"), new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero)));
        await store.WriteAsync(DecemberScript.Batch);
        _report = await new ReportCompiler(store, new IncidentPolicy(), new ReportRankings(store))
            .CompileAsync(DecemberScript.Period, DecemberScript.Scope, DecemberScript.Place, DecemberScript.Now);
    }

    [Fact]
    public void The_xlsx_has_chinese_headers_and_the_reports_figures()
    {
        using var stream = new MemoryStream(ReportExport.Xlsx(_report));
        Assert.Equal([ReportExport.Sheet], MiniExcel.GetSheetNames(stream));
        stream.Position = 0;
        var rows = MiniExcel.Query(stream, useHeaderRow: true, sheetName: ReportExport.Sheet, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(["分类", "项目", "数值"], rows[0].Keys.ToArray());
        double Value(string section, string item) => Convert.ToDouble(rows.Single(r => (string)r["分类"] == section && (string)r["项目"] == item)["数值"]);

        Assert.Equal(8, Value("概况", "事件总数"));
        Assert.Equal(4, Value("来源", "吹哨"));
        Assert.Equal(3, Value("村", "一村"));
        Assert.Equal(3, Value("护灯队", "一队"));
        Assert.Equal(5, Value("部门", "路灯所"));
        Assert.Equal(71.4, Value("时限", "3天内报到·按时率(%)"));
        Assert.Equal(57.1, Value("时限", "7天内办结·按时率(%)"));
        Assert.Equal(2, Value("各级时限", "急事·办结时限(小时)"));
        Assert.Equal(2, Value("升级", "升至县·升级次数"));
        Assert.Equal(75, Value("满意度", "回访率(%)"));
        Assert.Equal(3.67, Value("满意度", "平均满意度"));
        Assert.Equal(69.2, Value("路灯", "亮灯率(%)"));
        Assert.Equal(4, Value("路灯", "平均修复时长(小时)"));
        Assert.Equal(1.1, Value("路灯", "节电量(kWh)"));
        Assert.Equal(55, Value("路灯", "节电率(%)"));
        Assert.Equal(1, Value("故障类型", "漏电"));
        Assert.Equal("亮灯 90.0% · 按时 1/2", rows.Single(r => (string)r["项目"] == "第1名 二村（红榜）")["数值"]);
        Assert.Contains(rows, r => (string)r["项目"] == "第2名 二队（黑榜）");
    }

    [Fact]
    public void The_csv_is_utf8_with_a_bom_and_the_same_lines()
    {
        var bytes = ReportExport.Csv(_report);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("分类,项目,数值", lines[0]);
        Assert.Contains("概况,事件总数,8", lines);
        Assert.Contains("路灯,亮灯率(%),69.2", lines);
        Assert.Equal(ReportLines.Of(_report).Count() + 1, lines.Length);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
