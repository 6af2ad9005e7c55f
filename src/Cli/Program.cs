using NetForge.Cli;

return NetForgeCommand.Run(args, Console.Out, Console.Error);
