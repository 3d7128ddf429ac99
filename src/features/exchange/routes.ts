import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatInstant, ukDateOf } from '../../domain/dates.ts';
import { collectionYear } from '../../domain/ssda903/collection-year.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import { MAX_RETURN_FILE_BYTES } from '../../services/ssda903-service.ts';
import { formBody, formErrors, textOf } from '../forms.ts';
import type { FormErrors } from '../forms.ts';
import { requireSignIn, signedInActor } from '../guards.ts';
import { exportArchive, exportFileName, MAX_UPLOADED_FILES, NOT_FOR_PUBLICATION, returnFilesOf } from './files.ts';
import type { UploadedFile } from './files.ts';
import { childrenText, exportRefusalMessage, problemRows, problemsByRule, PROBLEMS_LISTED, rowCountRows, yearItems } from './view-models.ts';

// The SSDA903 return on the web (issue 12, item 5), for an authority's data officers: the export to download,
// and a return to upload, checked all or nothing, with every problem by file, row and rule. The pages use the
// same service as bin/lantern, so they work while the server holds the embedded database. Anyone else gets
// "Page not found". The export is sent with no-store, and is marked not for publication.

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

/** The files a multipart form posted as `files`: each with the name the person's computer gave it. */
function uploadsIn(body: unknown): UploadedFile[] {
  const fields: Readonly<Record<string, unknown>> = typeof body === 'object' && body !== null ? { ...body } : {};
  return [fields['files'] ?? []].flat().flatMap((value: unknown) => {
    if (typeof value !== 'object' || value === null) return [];
    const file: Readonly<Record<string, unknown>> = { ...value };
    const { name, content } = file;
    return typeof name === 'string' && content instanceof Uint8Array ? [{ name, content }] : [];
  });
}

export async function exchangeRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.addHook('onRequest', requireSignIn);
  // Only the upload's form is multipart. Its fields come to the body as values and each file as its name and
  // bytes, so the CSRF check reads the token as from any form.
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_RETURN_FILE_BYTES, files: MAX_UPLOADED_FILES, fields: 5, parts: MAX_UPLOADED_FILES + 5 },
    async onFile(part) {
      Object.assign(part, { value: { name: part.filename, content: await part.toBuffer() } });
    },
  });

  const renderPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { errors?: FormErrors; year?: string; allowIncompleteYear?: boolean } = {},
    status = 200,
  ) => {
    const authority = await services.ssda903.authority(signedInActor(request));
    if (!authority.ok) return reply.renderNotFound();
    return reply.code(status).render('exchange/views/return.njk', {
      activeNav: 'ssda903-return',
      authorityName: authority.value.name,
      years: yearItems(ukDateOf(services.now()), form.year ?? null),
      allowIncompleteYear: form.allowIncompleteYear ?? false,
      maxFileSize: `${MAX_RETURN_FILE_BYTES / 1024 / 1024} MB`,
      maxFiles: MAX_UPLOADED_FILES,
      errors: form.errors,
    });
  };

  app.get(paths.ssda903Return, (request, reply) => renderPage(request, reply));

  app.post(paths.ssda903Export, async (request, reply) => {
    const actor = signedInActor(request);
    const authority = await services.ssda903.authority(actor);
    if (!authority.ok) return reply.renderNotFound();
    const body = formBody(request.body);
    const year = textOf(body, 'year');
    const allowIncompleteYear = textOf(body, 'allowIncompleteYear') === 'yes';
    const exported = await services.ssda903.exportReturn(actor, { authorityCode: authority.value.code, year: Number(year), allowIncompleteYear });
    if (!exported.ok) {
      if (exported.error.kind === 'not_found' || exported.error.kind === 'rejected') return reply.renderNotFound();
      const errors = formErrors({ year: { text: exportRefusalMessage(exported.error) } });
      return renderPage(request, reply, { errors, year, allowIncompleteYear }, 400);
    }
    const span = collectionYear(Number(year));
    const exportedAt = services.now();
    const archive = exportArchive(exported.value.files, {
      description: `The SSDA903 return of ${authority.value.name} (${authority.value.code}) for the ${span.name} collection year: ${childrenText(exported.value.children)}. Exported from Lantern on ${formatInstant(exportedAt)}.`,
      notices: [...(exported.value.incompleteYear === null ? [] : [exported.value.incompleteYear]), ...exported.value.notices],
      exportedAt,
    });
    return noStore(reply)
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${exportFileName(authority.value.code, span.name)}"`)
      .header('x-lantern-marking', NOT_FOR_PUBLICATION)
      .send(Buffer.from(archive));
  });

  app.post(
    paths.ssda903Import,
    {
      // Too large or too many files is a question answered wrongly, not a failure of the service.
      errorHandler: (error: FastifyError, request, reply) => {
        const message =
          error.code === 'FST_REQ_FILE_TOO_LARGE'
            ? `Each file must be smaller than ${MAX_RETURN_FILE_BYTES / 1024 / 1024} MB`
            : error.code === 'FST_FILES_LIMIT' || error.code === 'FST_PARTS_LIMIT'
              ? `Select at most ${MAX_UPLOADED_FILES} files, or one zip file of them`
              : null;
        if (message === null) throw error;
        renderPage(request, reply, { errors: formErrors({ files: { text: message } }) }, 413).catch((failure: unknown) => reply.send(failure));
      },
    },
    async (request, reply) => {
      const actor = signedInActor(request);
      const authority = await services.ssda903.authority(actor);
      if (!authority.ok) return reply.renderNotFound();
      const files = returnFilesOf(uploadsIn(request.body));
      if (!files.ok) return renderPage(request, reply, { errors: formErrors({ files: { text: files.message } }) }, 400);
      const checkOnly = textOf(formBody(request.body), 'intent') === 'check';
      const imported = await services.ssda903.importReturn(actor, { authorityCode: authority.value.code, files: files.files, checkOnly });
      if (!imported.ok && imported.error.kind !== 'rejected') return reply.renderNotFound();
      const fileNames = files.files.map((file) => file.name);
      if (!imported.ok) {
        const problems = imported.error.kind === 'rejected' ? imported.error.errors : [];
        return reply.render('exchange/views/import-report.njk', {
          activeNav: 'ssda903-return',
          outcome: 'rejected',
          authorityName: authority.value.name,
          fileNames,
          problemCount: problems.length,
          byRule: problemsByRule(problems).map(({ rule, count }) => [{ text: rule }, { text: count.toLocaleString('en-GB'), format: 'numeric' }]),
          problemRows: problemRows(problems),
          unlisted: Math.max(0, problems.length - PROBLEMS_LISTED),
        });
      }
      // Issue 13 item 4: the children just added who may be children other authorities record, by the data-quality page's engine.
      const added = new Set(imported.value.childIds);
      const duplicates = added.size === 0 ? null : await services.matching.probableDuplicates(actor, authority.value.code);
      const possibleMatches =
        duplicates?.ok === true ? new Set(duplicates.value.filter(({ childId }) => added.has(childId)).map(({ childId }) => childId)).size : null;
      return reply.render('exchange/views/import-report.njk', {
        activeNav: 'ssda903-return',
        outcome: checkOnly ? 'checked' : 'imported',
        possibleMatches,
        duplicatesHref: `${paths.dataQuality}#duplicates`,
        authorityName: authority.value.name,
        fileNames,
        children: childrenText(imported.value.children),
        rowCounts: rowCountRows(imported.value.rows),
        noticeRows: problemRows(imported.value.notices),
        unlisted: Math.max(0, imported.value.notices.length - PROBLEMS_LISTED),
      });
    },
  );
}
