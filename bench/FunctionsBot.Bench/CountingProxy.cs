using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace FunctionsBot.Bench;

/// <summary>
/// A reverse proxy (YARP's forwarder) on a free loopback port in front of one Azurite service: it forwards every request
/// unchanged (shared-key signatures cover the path and headers, not the host) and counts them, so storage requests are
/// counted at the storage endpoint, whatever the SDK retries or batches.
/// </summary>
internal sealed class CountingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _invoker;
    private long _requests;

    private CountingProxy(WebApplication app, HttpMessageInvoker invoker)
    {
        _app = app;
        _invoker = invoker;
    }

    public int Port { get; private set; }

    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<CountingProxy> StartAsync(int targetPort)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false });
        var proxy = new CountingProxy(app, invoker);
        var destination = $"http://127.0.0.1:{targetPort}/";
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        app.Run(async context =>
        {
            Interlocked.Increment(ref proxy._requests);
            await forwarder.SendAsync(context, destination, invoker, ForwarderRequestConfig.Empty, HttpTransformer.Empty);
        });
        await app.StartAsync();
        proxy.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _invoker.Dispose();
    }
}
