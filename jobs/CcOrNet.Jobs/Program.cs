using CcOrNet.Jobs.Cli;

return await CcOrNetCli.RunAsync(args, Console.Out, Console.Error);
