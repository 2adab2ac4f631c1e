using LogWarden.TestHost;

return args.FirstOrDefault() switch
{
    "store-append" => StoreAppender.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: LogWarden.TestHost store-append <data-dir> <seed>");
    return 2;
}
