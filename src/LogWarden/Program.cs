using LogWarden.Cli;

return LogWardenCli.Run(args);
