return Weft.Cli.WeftCommand.Run(args);
