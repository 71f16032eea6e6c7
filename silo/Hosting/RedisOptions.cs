using System.ComponentModel.DataAnnotations;

namespace GridDispatch.Silo.Hosting;

/// <summary>The Redis server shared by a cluster's silos. Section <c>Redis</c>; used by the cluster profile only.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379,password=…</c>.</summary>
    [Required]
    public string Configuration { get; set; } = "127.0.0.1:6379";
}
