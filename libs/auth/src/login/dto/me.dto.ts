import { ApiProperty } from '@nestjs/swagger';
import type { AuthenticatedUser } from '../../access/principal';
import { ALL_ORGANISATIONS, ALL_ROLES, type Organisation, type Role } from '../../role';

/** The caller as the guard sees them now (roles from the database, not the token). */
export class MeDto implements AuthenticatedUser {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty()
  displayName!: string;

  @ApiProperty({ enum: ALL_ORGANISATIONS })
  organisation!: Organisation;

  @ApiProperty({ enum: ALL_ROLES, isArray: true })
  roles!: Role[];
}
