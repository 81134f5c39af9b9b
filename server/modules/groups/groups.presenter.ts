import type { AssignmentMode, GroupLevel, Role } from '../../../shared/enums.ts';

interface GroupRow {
  id: number;
  name: string;
  level: string;
  description: string;
  is_default: number;
  assignment_mode: string;
  active: number;
  member_count: number | string | null;
}

/** Exactly the group fields that leave the server. */
export function presentGroup(row: GroupRow) {
  return {
    id: row.id,
    name: row.name,
    level: row.level as GroupLevel,
    description: row.description,
    isDefault: row.is_default === 1,
    assignmentMode: row.assignment_mode as AssignmentMode,
    active: row.active === 1,
    memberCount: Number(row.member_count ?? 0),
  };
}

export function presentGroupMember(row: { id: number; name: string; email: string; role: string; active: number; supervisor: number; away: number }) {
  return { id: row.id, name: row.name, email: row.email, role: row.role as Role, active: row.active === 1, supervisor: row.supervisor === 1, available: row.away === 0 };
}
