import { ApiProperty } from '@nestjs/swagger';
import { ALL_ORGANISATIONS, ALL_ROLES, type Organisation, type Role } from '../../role';

/** A user as the API shows it: never the password hash nor the failure counters. */
export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'j.papadopoulos' })
  username!: string;

  @ApiProperty({ example: 'Ioanna Papadopoulou' })
  displayName!: string;

  @ApiProperty({ enum: ALL_ORGANISATIONS })
  organisation!: Organisation;

  @ApiProperty({ enum: ALL_ROLES, isArray: true })
  roles!: Role[];

  @ApiProperty()
  disabled!: boolean;

  @ApiProperty({ description: 'A seeded demo account' })
  demo!: boolean;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Set while the account is locked',
  })
  lockedUntil!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] })
  items!: UserDto[];
}
