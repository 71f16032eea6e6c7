namespace GridDispatch.Grains.Demo;

/// <summary>Small Chinese numerals for cell names: 1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五.</summary>
internal static class ChineseNumerals
{
    private const string Digits = "〇一二三四五六七八九";

    public static string Of(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 99);
        if (n < 10) return Digits[n].ToString();
        var tens = n / 10 == 1 ? "" : Digits[n / 10].ToString(); // 十二, not 一十二
        var units = n % 10 == 0 ? "" : Digits[n % 10].ToString();
        return $"{tens}十{units}";
    }
}
