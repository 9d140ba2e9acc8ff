import {
  GraphQLArgument, GraphQLField, GraphQLInputField, GraphQLNamedType, GraphQLSchema, isEnumType, isInputObjectType,
  isInterfaceType, isIntrospectionType, isObjectType, isRequiredArgument, isRequiredInputField, isScalarType, isSpecifiedScalarType,
  isUnionType,
} from 'graphql';

function kindOf(t: GraphQLNamedType): string {
  if (isScalarType(t)) return 'scalar';
  if (isObjectType(t)) return 'type';
  if (isInterfaceType(t)) return 'interface';
  if (isUnionType(t)) return 'union';
  if (isEnumType(t)) return 'enum';
  return 'input';
}

function compareArgs(where: string, ours: readonly GraphQLArgument[], theirs: readonly GraphQLArgument[], out: string[]): void {
  for (const arg of ours) {
    const ref = theirs.find((a) => a.name === arg.name);
    if (!ref) out.push(`${where}(${arg.name}:) is not in the reference`);
    else if (String(ref.type) !== String(arg.type)) out.push(`${where}(${arg.name}:) is ${String(arg.type)}, the reference has ${String(ref.type)}`);
  }
  for (const ref of theirs) {
    if (isRequiredArgument(ref) && !ours.some((a) => a.name === ref.name)) out.push(`${where}(${ref.name}:) is required by the reference and missing`);
  }
}

function compareFields(typeName: string, ours: Record<string, GraphQLField<unknown, unknown>>, theirs: Record<string, GraphQLField<unknown, unknown>>, out: string[]): void {
  for (const field of Object.values(ours)) {
    const ref = theirs[field.name];
    const where = `${typeName}.${field.name}`;
    if (!ref) { out.push(`${where} is not in the reference`); continue; }
    if (String(ref.type) !== String(field.type)) out.push(`${where} is ${String(field.type)}, the reference has ${String(ref.type)}`);
    compareArgs(where, field.args, ref.args, out);
  }
}

function compareInputFields(typeName: string, ours: Record<string, GraphQLInputField>, theirs: Record<string, GraphQLInputField>, out: string[]): void {
  for (const field of Object.values(ours)) {
    const ref = theirs[field.name];
    const where = `${typeName}.${field.name}`;
    if (!ref) out.push(`${where} is not in the reference`);
    else if (String(ref.type) !== String(field.type)) out.push(`${where} is ${String(field.type)}, the reference has ${String(ref.type)}`);
  }
  for (const ref of Object.values(theirs)) {
    if (isRequiredInputField(ref) && !ours[ref.name]) out.push(`${typeName}.${ref.name} is required by the reference and missing`);
  }
}

/**
 * Everything `ours` declares that `reference` does not have with the same type: types (and their
 * kind), fields, arguments, input fields, enum values and union members; plus arguments and input
 * fields the reference requires that `ours` lacks. Empty when `ours` is a subset of `reference`.
 */
export function schemaSubsetViolations(ours: GraphQLSchema, reference: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const type of Object.values(ours.getTypeMap())) {
    if (isIntrospectionType(type) || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
    const ref = reference.getType(type.name);
    if (!ref) { out.push(`${kindOf(type)} ${type.name} is not in the reference`); continue; }
    if (kindOf(ref) !== kindOf(type)) { out.push(`${type.name} is a ${kindOf(type)}, the reference has a ${kindOf(ref)}`); continue; }
    if ((isObjectType(type) || isInterfaceType(type)) && (isObjectType(ref) || isInterfaceType(ref))) {
      compareFields(type.name, type.getFields(), ref.getFields(), out);
      for (const i of type.getInterfaces()) {
        if (!ref.getInterfaces().some((r) => r.name === i.name)) out.push(`${type.name} implements ${i.name}, the reference does not`);
      }
    } else if (isInputObjectType(type) && isInputObjectType(ref)) {
      compareInputFields(type.name, type.getFields(), ref.getFields(), out);
    } else if (isEnumType(type) && isEnumType(ref)) {
      for (const v of type.getValues()) if (!ref.getValue(v.name)) out.push(`${type.name}.${v.name} is not a value in the reference`);
    } else if (isUnionType(type) && isUnionType(ref)) {
      for (const m of type.getTypes()) if (!ref.getTypes().some((r) => r.name === m.name)) out.push(`${type.name} member ${m.name} is not in the reference`);
    }
  }
  return out;
}
