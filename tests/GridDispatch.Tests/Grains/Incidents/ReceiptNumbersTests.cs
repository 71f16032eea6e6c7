using GridDispatch.Grains.Incidents;

namespace GridDispatch.Tests.Grains.Incidents;

/// <summary>受理编号: short enough to read over the phone, and the day is the township's (China's), not the server's.</summary>
public sealed class ReceiptNumbersTests
{
    [Fact]
    public void A_receipt_number_is_the_township_short_name_its_day_in_china_and_a_sequence()
    {
        Assert.Equal("益门", ReceiptNumbers.ShortName("益门镇"));
        Assert.Equal("城关", ReceiptNumbers.ShortName("城关街道"));
        Assert.Equal("镇", ReceiptNumbers.ShortName("镇"));
        // 16:30 UTC is already the next day in China.
        var key = ReceiptNumbers.Key("yimen", new DateTimeOffset(2026, 11, 28, 16, 30, 0, TimeSpan.Zero));
        Assert.Equal("yimen/20261129", key);
        Assert.Equal("益门-1129-0012", ReceiptNumbers.Format("益门", key, 12));
    }
}
