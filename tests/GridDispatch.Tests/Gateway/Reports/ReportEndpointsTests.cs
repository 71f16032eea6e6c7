using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridDispatch.Gateway.Reports;
using GridDispatch.Grains.Demo;
using GridDispatch.Tests.Infrastructure;

namespace GridDispatch.Tests.Gateway.Reports;

/// <summary>The report API on the demo silo: scoped as the township APIs are, a bad period refused with a reason, the exports' types.</summary>
[Collection(DemoSiloCollections.Edge)]
public sealed class ReportEndpointsTests(DemoSiloFixture f)
{
    private const string Month = "period=2026-10";

    [Fact]
    public async Task The_county_sees_all_a_township_its_own_a_village_its_own_village_and_a_responder_nothing()
    {
        var yimen = DemoTownships.Yimen();
        var village = yimen.Villages[1];
        var villageLogin = village.Leader!.Id.ToLowerInvariant();
        var otherVillage = yimen.Villages[2].Id;
        (string User, string Query, HttpStatusCode Expected)[] cases =
        [
            ("admin", $"township=yimen&{Month}", HttpStatusCode.OK),
            ("admin", $"township={DemoTownships.ZhangguanId}&{Month}", HttpStatusCode.OK),
            ("yimen", $"township=yimen&village={village.Id}&{Month}", HttpStatusCode.OK),
            ("yimen", $"township={DemoTownships.ZhangguanId}&{Month}", HttpStatusCode.Forbidden),
            ("yimen", $"county=anything&{Month}", HttpStatusCode.Forbidden),
            (villageLogin, $"township=yimen&village={village.Id}&{Month}", HttpStatusCode.OK),
            (villageLogin, $"township=yimen&village={otherVillage}&{Month}", HttpStatusCode.Forbidden),
            (villageLogin, $"township=yimen&{Month}", HttpStatusCode.Forbidden),
            ("yimen-t01", $"township=yimen&{Month}", HttpStatusCode.Forbidden),
            ("yimen", "township=yimen&period=2026-13", HttpStatusCode.BadRequest),
            ("yimen", "township=yimen&from=2026-11-02&to=2026-11-01", HttpStatusCode.BadRequest),
            ("yimen", $"township=yimen&village=nowhere&{Month}", HttpStatusCode.NotFound),
        ];
        foreach (var (user, query, expected) in cases)
        {
            using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, user);
            using var response = await http.GetAsync($"/api/reports?{query}");
            Assert.Equal((user, query, expected), (user, query, response.StatusCode));
        }
    }

    [Fact]
    public async Task A_report_names_its_scope_and_period_and_the_exports_are_xlsx_and_csv()
    {
        using var http = await CommandCentreClient.HttpAsync(f.Silo.BaseAddress, "yimen");
        var report = await http.GetFromJsonAsync<JsonElement>("/api/reports?township=yimen&from=2026-11-01&to=2026-11-30");
        Assert.Equal("益门镇", report.GetProperty("scopeName").GetString());
        Assert.Equal("2026-11-01 至 2026-11-30", report.GetProperty("period").GetProperty("name").GetString());
        Assert.False(report.GetProperty("ranking").GetProperty("frozen").GetBoolean()); // a custom range is never frozen

        using var xlsx = await http.GetAsync($"/api/reports.xlsx?township=yimen&{Month}");
        Assert.Equal(ReportExport.XlsxType, xlsx.Content.Headers.ContentType?.MediaType);
        Assert.Equal("PK"u8.ToArray(), (await xlsx.Content.ReadAsByteArrayAsync())[..2]);
        using var csv = await http.GetAsync($"/api/reports.csv?township=yimen&{Month}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("概况,报表期间,2026年10月", await csv.Content.ReadAsStringAsync());
    }
}
