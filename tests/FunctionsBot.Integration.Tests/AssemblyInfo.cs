using FunctionsBot.Testing;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]
