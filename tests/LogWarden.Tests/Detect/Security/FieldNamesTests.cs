using LogWarden.Detect.Security;

namespace LogWarden.Tests.Detect.Security;

/// <summary>
/// <see cref="WebRequestClassifier.FieldNames"/> remembers what a field name means; its answers must be those of
/// working the name out each time, for names it remembers and for those past its bound.
/// </summary>
public sealed class FieldNamesTests
{
    [Fact]
    public void Remembered_meanings_equal_the_meanings_worked_out_afresh()
    {
        string[] known =
        [
            "user", "User", "username", "user_name", "user.name", "USER", "uname", "login", "remoteUser", "remote_user",
            "account", "principalName", "attr.principalName", "principal", "userId", "user_id", "userlogin", "user.login",
            "client", "remote_addr", "request.remote_ip", "ClientHost", "source.ip", "src", "SRC", "DST", "method", "status",
            "path", "msg", "level", "server.address", "destination.ip", "ts", "", ".", "a.b.c.user", "usr", "users",
        ];
        var random = new Random(3);
        var names = new List<string>(known);
        for (int i = 0; i < 3 * WebRequestClassifier.FieldNames.MaxNames; i++)
        {
            names.Add(known[random.Next(known.Length)] + (random.Next(3) == 0 ? "" : "_" + random.Next(500)));
        }

        var remembered = new WebRequestClassifier.FieldNames(SecurityDefinitions.Default);
        foreach (string name in names.Concat(names)) // twice: the second pass answers from memory where it can
        {
            Assert.Equal(SecurityDefinitions.IsUserField(name), remembered.IsUser(name));
            Assert.Equal(SecurityDefinitions.Default.IsRemoteField(name), remembered.IsRemote(name));
            Assert.Equal(WebRequestClassifier.FieldNames.Judge(name, SecurityDefinitions.Default), remembered.Of(name));
        }

        Assert.True(SecurityDefinitions.IsUserField("attr.principalName"));
        Assert.True(remembered.IsUser("attr.principalName"));
        Assert.False(remembered.IsUser("src"));
    }
}
