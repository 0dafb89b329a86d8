using MailGrains.Gateway;
using MailGrains.Gateway.Accounts;
using MailGrains.Gateway.Api;
using MailGrains.Gateway.Admin;
using MailGrains.Gateway.Activities;
using MailGrains.Gateway.Cluster;
using MailGrains.Gateway.Health;
using MailGrains.Gateway.OAuth2;
using MailGrains.Gateway.Sending;
using MailGrains.Gateway.Tenants;
using MailGrains.Gateway.Users;
using MailGrains.Gateway.Webhooks;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddMailGrainsGateway();

var app = builder.Build();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
// No default scheme: keys are checked only by the authorization policies of the routes that need one.
app.UseAuthentication();
app.UseAuthorization();
app.UseRequestBodyLimit();
app.MapOpenApi();
app.MapScalarApiReference("/docs");
app.UseAdminPage();
app.MapHealthEndpoints();
app.MapTenants();
app.MapCluster();
app.MapUsers();
app.MapAccounts();
app.MapAccountServers();
app.MapCursors();
app.MapActivities();
app.MapSending();
app.MapWebhooks();
app.MapOAuth2();
app.MapOAuth2Callback();
app.Run();

/// <summary>Entry point, public so that tests can host the gateway with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
