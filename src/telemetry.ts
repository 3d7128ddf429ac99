import { FastifyOtelInstrumentation } from '@fastify/otel';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { FastifyPluginCallback } from 'fastify';

// OpenTelemetry traces (docs/deployment.md, "Traces"): a span for each request, named by its route
// pattern, with a child span for each PostgreSQL statement (src/db/client.ts), sent over OTLP when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. The exporter reads the standard OTEL_EXPORTER_OTLP_* variables.
// Spans carry paths without their query strings and statements without their values: nothing
// identifying leaves in a trace.

export interface Tracing {
  /** Registered first on the app, so that every route is traced. */
  readonly plugin: FastifyPluginCallback;
  /** Sends the spans still waiting, then stops. */
  shutdown(): Promise<void>;
}

/** Tracing to the OTLP endpoint in the environment, or null when OTEL_EXPORTER_OTLP_ENDPOINT is not set. */
export function tracingFromEnvironment(env: NodeJS.ProcessEnv = process.env): Tracing | null {
  const endpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim() ?? '';
  if (endpoint === '') return null;
  return startTracing(new BatchSpanProcessor(new OTLPTraceExporter()), env['OTEL_SERVICE_NAME']?.trim() || 'lantern');
}

/** Registers a tracer provider for the process that hands its spans to `processor` (tests pass an in-memory one). */
export function startTracing(processor: SpanProcessor, serviceName = 'lantern'): Tracing {
  const provider = new NodeTracerProvider({ resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }), spanProcessors: [processor] });
  provider.register();
  const instrumentation = new FastifyOtelInstrumentation({
    // A span for the request and one for its handler, not one for every hook of every plugin.
    instrumentHooks: false,
    // An error's message may quote a value (a duplicate key's, say): the span says only that it failed.
    recordExceptions: false,
    // The request's path without its query string: a query may name a child or a person.
    requestHook: (span, request) => {
      span.setAttribute(ATTR_URL_PATH, request.url.split('?')[0] ?? '');
    },
  });
  instrumentation.setTracerProvider(provider);
  return { plugin: instrumentation.plugin(), shutdown: () => provider.shutdown() };
}
