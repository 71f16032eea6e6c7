namespace GridDispatch.Grains.Demo;

/// <summary>Deals a total out over parts, each within [min, max]: how the demo hits exact counts (54 片, 122 组, 776 邻).</summary>
internal static class DemoSplit
{
    public static int[] Split(Random rng, int total, int parts, int min, int max)
    {
        if (parts < 1 || min > max || (long)parts * min > total || (long)parts * max < total)
            throw new ArgumentOutOfRangeException(nameof(total), $"{total} cannot be split into {parts} parts of {min}..{max}");
        var result = Enumerable.Repeat(min, parts).ToArray();
        // One unit at a time to a random part with room: uneven, like real villages, but always exact.
        for (var left = total - parts * min; left > 0;)
        {
            var i = rng.Next(parts);
            if (result[i] == max) continue;
            result[i]++;
            left--;
        }
        return result;
    }
}
