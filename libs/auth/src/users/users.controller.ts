import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/access-rule';
import { CurrentUser } from '../access/current-user.decorator';
import type { AuthenticatedUser } from '../access/principal';
import { Role } from '../role';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserDto, UserListDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('v1/users')
@Roles(Role.NgoAdmin)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() body: CreateUserDto, @CurrentUser() by: AuthenticatedUser): Promise<UserDto> {
    return this.users.create(body, by);
  }

  @Get()
  @ApiOkResponse({ type: UserListDto })
  async list(): Promise<UserListDto> {
    return { items: await this.users.list() };
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserDto })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() by: AuthenticatedUser,
  ): Promise<UserDto> {
    return this.users.update(id, body, by);
  }
}
