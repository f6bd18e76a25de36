global using Orleans;
global using Orleans.Concurrency;
global using PoaPlatform.Domain.Findings;
global using PoaPlatform.Domain.Model;
