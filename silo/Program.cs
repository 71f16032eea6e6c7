using GridDispatch.Gateway.Grpc;
using GridDispatch.Gateway.Http;
using GridDispatch.Silo.Hosting;

// Operator commands beside the host: they run and exit.
if (args is [MosquittoFilesCommand.Name, ..]) return MosquittoFilesCommand.Run(args[1..]);
if (args is [BackupCommand.Name, ..]) return BackupCommand.Run(args[1..]);

args = SiloCommandLine.ExpandFlags(args);
var builder = WebApplication.CreateBuilder(args);
SiloCommandLine.UseSettingsBesideTheBinary(builder);
builder.Configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings);
var roles = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>()?.Roles ?? HostRoles.All;
builder.AddGridDispatchSilo();
builder.UseGridDispatchEndpoints(grpc: roles.HasFlag(HostRoles.Gateway));

var app = builder.Build();
app.UseListenerSeparation(); // first: each port serves only its own surface
if ((roles & (HostRoles.Gateway | HostRoles.Dashboard)) != 0) app.MapGridDispatchApi();
if (roles.HasFlag(HostRoles.Gateway)) app.MapGridDispatchGrpc();
if (roles.HasFlag(HostRoles.Silo | HostRoles.Gateway)) app.MapDemoLife();
if (roles.HasFlag(HostRoles.Dashboard)) app.MapGridDispatchDashboard();
var management = builder.Configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>() ?? new ManagementOptions();
app.MapGridDispatchOperations(orleansDashboard: roles.HasFlag(HostRoles.Silo) && management.OrleansDashboard);
app.Run();
return 0;

/// <summary>Entry point, visible to tests that host the silo in-process.</summary>
public partial class Program;
