namespace GridDispatch.Tests.Infrastructure;

/// <summary>For outcomes reached asynchronously (roll-ups, scans): polls until the assertion holds or time runs out.</summary>
public static class Eventually
{
    public static async Task<T> Holds<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        T value = await read();
        while (!condition(value))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what ?? "condition"} did not hold; last value: {Describe(value)}");
            await Task.Delay(20);
            value = await read();
        }

        return value;
    }

    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string? what = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what ?? "condition"} did not hold within {timeout}");
            await Task.Delay(20);
        }
    }

    private static string Describe<T>(T value) => value is System.Collections.IEnumerable items and not string
        ? string.Join(Environment.NewLine, items.Cast<object>().Take(20))
        : value?.ToString() ?? "null";
}
