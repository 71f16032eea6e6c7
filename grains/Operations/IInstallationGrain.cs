namespace GridDispatch.Grains.Operations;

/// <summary>
/// The installation itself (本系统部署): when it was first started and how often since.
/// One per deployment, keyed by the Orleans service id, so an operator can see at a glance
/// that state survived a restart or an upgrade.
/// </summary>
[Alias("GridDispatch.Operations.IInstallationGrain")]
public interface IInstallationGrain : IGrainWithStringKey
{
    /// <summary>Records one start of a host process and returns the updated record.</summary>
    [Alias("RecordStart")]
    Task<InstallationInfo> RecordStart(string hostName, string version);

    [Alias("Get")]
    Task<InstallationInfo> Get();
}

[GenerateSerializer, Immutable, Alias("GridDispatch.Operations.InstallationInfo")]
public sealed record InstallationInfo(
    [property: Id(0)] string ServiceId,
    [property: Id(1)] DateTimeOffset? FirstStartedAt,
    [property: Id(2)] DateTimeOffset? LastStartedAt,
    [property: Id(3)] int Starts,
    [property: Id(4)] string? LastHost,
    [property: Id(5)] string? LastVersion);
