import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { Kind, type ValueNode } from 'graphql';

/** Any JSON value. Entry data is shaped by its content type, which the schema cannot know: the service validates it. */
export class JSONValue {}

function literal(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value)]));
    default:
      // Variables inside literals are not supported: pass the whole value as a variable instead.
      throw new TypeError('JSON literals cannot contain variables');
  }
}

@Scalar('JSON', () => JSONValue)
export class JSONScalar implements CustomScalar<unknown, unknown> {
  description = "A JSON value: entry data, shaped by the entry's content type.";
  parseValue(value: unknown): unknown {
    return value;
  }
  serialize(value: unknown): unknown {
    return value;
  }
  parseLiteral(node: ValueNode): unknown {
    return literal(node);
  }
}
