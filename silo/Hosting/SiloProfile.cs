namespace GridDispatch.Silo.Hosting;

/// <summary>Which providers the silo runs on.</summary>
public enum SiloProfile
{
    /// <summary>One process: localhost clustering, grain state and reminders in one SQLite file.</summary>
    Embedded,

    /// <summary>Several silos: Orleans' Redis clustering, grain persistence and reminders.</summary>
    Cluster,
}
