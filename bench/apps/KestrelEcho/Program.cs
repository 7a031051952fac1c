// Comparison only (bench/apps): the echo reply served by Kestrel with the slim builder.
var port = int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.ListenAnyIP(port));
var app = builder.Build();
var pod = Environment.GetEnvironmentVariable("WEFT_POD_NAME") ?? Environment.MachineName;
app.Map("/{**path}", (HttpContext context) =>
    $"pod={pod} namespace=default node= client={context.Connection.RemoteIpAddress}:{context.Connection.RemotePort} request=\"{context.Request.Method} {context.Request.Path} {context.Request.Protocol}\"\n");
app.Run();
