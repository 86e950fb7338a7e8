import { Body, Controller, Get, Header, HttpCode, HttpStatus, Ip, Post } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public, Roles } from '../access/access-rule';
import { CurrentUser } from '../access/current-user.decorator';
import type { AuthenticatedUser } from '../access/principal';
import { ALL_ROLES } from '../role';
import { MeDto } from './dto/me.dto';
import { TokenRequestDto } from './dto/token-request.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { LoginService } from './login.service';

@ApiTags('auth')
@Controller('v1/auth')
export class AuthController {
  constructor(private readonly login: LoginService) {}

  @Post('token')
  @Public()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiUnauthorizedResponse({ description: 'invalid username or password' })
  @ApiResponse({
    status: HttpStatus.LOCKED,
    description: 'account locked until <time>, after repeated failures',
  })
  async token(@Body() body: TokenRequestDto, @Ip() ip: string): Promise<TokenResponseDto> {
    const issued = await this.login.login(body.username, body.password, { ip });
    return { accessToken: issued.accessToken, tokenType: 'Bearer', expiresIn: issued.expiresIn };
  }

  /** Who the token belongs to, with the roles in force now. */
  @Get('me')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthenticatedUser): MeDto {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      organisation: user.organisation,
      roles: [...user.roles],
    };
  }
}
