namespace GridDispatch.Benchmarks;

/// <summary>What Linux says a process used, from <c>/proc</c>.</summary>
public static class ProcessFigures
{
    /// <summary>User and system CPU seconds so far (clock ticks of 1/100 s); 0 for a process that has gone.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0; // utime + stime
        }
        catch (IOException) { return 0; }
    }
}
