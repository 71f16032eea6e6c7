using GridDispatch.Gateway.Grpc;
using GridDispatch.Gateway.Http;
using GridDispatch.Silo.Hosting;

args = SiloCommandLine.ExpandFlags(args);
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, SiloCommandLine.SwitchMappings);
builder.AddGridDispatchSilo();
builder.UseGridDispatchEndpoints();

var app = builder.Build();
app.MapGridDispatchApi();
app.MapGridDispatchGrpc();
app.MapGridDispatchDashboard();
app.MapOperations();
app.Run();

/// <summary>Entry point, visible to tests that host the silo in-process.</summary>
public partial class Program;
