global using PoaPlatform.Domain.Findings;
global using PoaPlatform.Domain.Model;
