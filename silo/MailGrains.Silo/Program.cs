using MailGrains.Hosting;

using var host = SiloHost.Build(args);
await host.RunAsync();
