using MailGrains.Gateway;
using MailGrains.Gateway.Health;

var builder = WebApplication.CreateBuilder(args);
builder.AddMailGrainsGateway();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapHealthEndpoints();
app.Run();

/// <summary>Entry point, public so that tests can host the gateway with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
