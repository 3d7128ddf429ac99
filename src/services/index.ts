import { createApiTokenService } from './api-token-service.ts';
import { createChildService } from './child-service.ts';
import type { ServiceDeps } from './deps.ts';
import { createMissingEpisodeService } from './missing-episode-service.ts';
import { createTraffickingService } from './trafficking-service.ts';

export function createServices(deps: ServiceDeps) {
  return {
    apiTokens: createApiTokenService(deps),
    children: createChildService(deps),
    trafficking: createTraffickingService(deps),
    missingEpisodes: createMissingEpisodeService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
