import type { ChildRecordView } from '../../domain/record-view.ts';
import type { RecordView } from '../../services/access.ts';
import type { Actor } from '../../services/actor.ts';
import type { Services } from '../../services/index.ts';

/**
 * A child's record for someone who may change it (the responsible authority's staff), or null.
 * The read is audited like any other; the service checks again when the change is saved.
 */
export async function writableChild(services: Services, actor: Actor, childId: string): Promise<(ChildRecordView & { readonly access: RecordView }) | null> {
  const read = await services.children.getChild(actor, childId);
  return read.ok && read.value.access === 'full' ? read.value : null;
}
