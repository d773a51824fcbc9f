using Sage.Embeddings;
using Sage.Embeddings.TwelveLabs;
using Sage.Media;
using Sage.Server;
using Sage.Server.Auth;
using Sage.Server.Comparisons;
using Sage.Server.Events;
using Sage.Storage;
using Sage.Server.Data;
using Sage.Server.Health;
using Sage.Server.Infrastructure;
using Sage.Server.Legacy;
using Sage.Server.Security;
using Sage.Server.Sweep;
using Sage.Server.Telemetry;
using Sage.Server.Uploads;
using Sage.Server.Uploads.Tus;
using Sage.Server.Videos;
using Sage.Server.Web;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSageOptions(builder.Configuration);
builder.Services.AddReceiveBlockPool();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<UnhandledExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddSageData();
builder.Services.AddSageAuth();
builder.Services.AddSiteSecurity();
builder.Services.AddSageSettings(builder.Configuration);
builder.Services.AddSageStorage(builder.Configuration);
builder.Services.AddSageMedia(builder.Configuration);
builder.Services.AddSageEmbeddings(builder.Configuration);
builder.Services.AddTwelveLabs(builder.Configuration);
builder.Services.AddVideos();
builder.Services.AddUploads();
builder.Services.AddJobs();
builder.Services.AddComparisons(builder.Configuration);
builder.Services.AddTus(builder.Configuration);
builder.Services.AddSweep(builder.Configuration);
builder.Services.AddSageHealth();
builder.AddWebUi();
builder.AddSageTelemetry();

var app = builder.Build();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSiteSecurity();
app.UseCors();
app.UseSageAuth();
app.MapOpenApi().RequireAuthorization(SageRoles.Viewer);
app.MapTokens();
app.MapHealth();
app.MapMetrics();
app.MapVideos();
app.MapComparisons();
app.MapSettings();
app.MapEvents();
app.MapLegacyUpload();
app.MapTus();
app.MapLegacyStatus();
app.MapWebUi();

app.Run();

/// <summary>Visible to the test host.</summary>
public partial class Program;
