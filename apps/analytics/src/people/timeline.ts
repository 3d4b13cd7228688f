import { Field, ObjectType } from '@nestjs/graphql';
import { badUserInput } from '@platform/graphql';

@ObjectType('ProfileTimelineEntry', { description: 'Something a person did: a tracked call, or a form or download another service reported.' })
export class TimelineEntry {
  @Field({ description: 'When it happened (tracked calls: corrected for client clock skew).' })
  at: Date;

  @Field({ description: 'identify, track, page, screen, group, alias, or the domain event type (cms.content.downloaded, ...).' })
  type: string;

  @Field(() => String, { nullable: true, description: 'The track event, page or screen name, or the content or form title.' })
  name: string | null;

  @Field({ description: 'Pass as `before` for the next (older) page.' })
  cursor: string;
}

/** A timeline position: the entry's time and its key (`t:<seq>` tracked, `d:<event id>` domain). */
export function encodeTimelineCursor(at: Date, key: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), key])).toString('base64url');
}

export function decodeTimelineCursor(cursor: string): { at: Date; key: string } {
  try {
    const [at, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const date = new Date(String(at));
    if (Number.isNaN(date.getTime()) || typeof key !== 'string' || !/^(t:\d+|d:[0-9a-f-]{36})$/.test(key)) throw new Error('shape');
    return { at: date, key };
  } catch {
    throw badUserInput(`Cursor "${cursor}" is not valid: pass the cursor of a timeline entry`);
  }
}
