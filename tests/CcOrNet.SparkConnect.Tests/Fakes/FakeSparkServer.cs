using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CcOrNet.SparkConnect.Tests.Fakes;

/// <summary>Kestrel on a free loopback port (HTTP/2 without TLS) serving one <see cref="FakeSparkConnectService"/>.</summary>
internal sealed class FakeSparkServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeSparkServer(WebApplication app, FakeSparkConnectService service, int port)
    {
        _app = app;
        Service = service;
        Port = port;
    }

    public FakeSparkConnectService Service { get; }

    public int Port { get; }

    /// <summary>A connection string to this server; <paramref name="parameters"/> are appended as given.</summary>
    public string Remote(string parameters = "") => $"sc://127.0.0.1:{Port}/" + parameters;

    public static async Task<FakeSparkServer> StartAsync()
    {
        var service = new FakeSparkConnectService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<FakeSparkConnectService>();
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeSparkServer(app, service, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
